using SafetyFlow.Web.Features.Inspections;
using SafetyFlow.Web.Features.Org;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.UnitTests.Infrastructure;

public sealed class RequestShapesTests
{
    [Theory]
    [InlineData("$.results[0].value", "a JSON number such as 45.5")]
    [InlineData("$.results[3].fixedOnSpot", "true or false")]
    [InlineData("$.results", "a JSON array")]
    [InlineData("$.results[0]", "a JSON object")]
    [InlineData("$", "a JSON object")]
    public void A_submit_field_is_described_by_the_JSON_it_takes(string path, string expected) =>
        Assert.StartsWith(expected, RequestShapes.Expected(typeof(SubmitInspectionRequest), path), StringComparison.Ordinal);

    [Theory]
    [InlineData("$.users[0].roles", "a JSON array")]
    [InlineData("$.users[0].roles[1]", "a JSON string")]
    [InlineData("$.units", "a JSON array")]
    [InlineData("$.assets[2].attributes", "a JSON object")]
    [InlineData("$.assets[2].attributes.agent", "a JSON value")]
    [InlineData("$.assets[2].attributes['odd.name']", "a JSON value")]
    public void An_org_document_field_is_described_by_the_JSON_it_takes(string path, string expected) =>
        Assert.Equal(expected, RequestShapes.Expected(typeof(OrgDocument), path));

    [Fact]
    public void A_path_the_request_type_does_not_have_is_not_described()
    {
        Assert.Null(RequestShapes.Expected(typeof(OrgDocument), "$.teams[0]"));
        Assert.Null(RequestShapes.Expected(null, "$.units"));
    }

    [Theory]
    [InlineData("bool?", "true or false")]
    [InlineData("Nullable<bool>", "true or false")]
    [InlineData("int?", "a whole number within range")]
    [InlineData("Guid", "an id such as 0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b")]
    public void A_query_value_is_described_without_the_server_type(string type, string expected) =>
        Assert.Equal(expected, RequestShapes.DescribeParameter(type));
}
