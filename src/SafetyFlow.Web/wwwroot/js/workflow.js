// Renders the Mermaid text the server wrote into the page; the text itself stays readable without scripts.
if (window.mermaid) {
  window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral' });
  await window.mermaid.run({ querySelector: '.mermaid' });
}
