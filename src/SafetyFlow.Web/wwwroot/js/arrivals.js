// Arrivals at zones kept on the phone while offline (scan.js keeps them), sent when a page loads online or the
// connection returns. Each is sent with the phone's time of the scan; the server flags it as such.
(function () {
    'use strict';
    var KEY = 'safetyflow.arrivals';

    function kept() {
        try {
            return JSON.parse(localStorage.getItem(KEY) || '[]');
        } catch (e) {
            return [];
        }
    }

    function keep(list) {
        localStorage.setItem(KEY, JSON.stringify(list));
        show(list.length, false);
    }

    function show(waiting, sent) {
        var line = document.querySelector('[data-arrivals-waiting]');
        if (!line) {
            return;
        }
        line.textContent = waiting > 0
            ? line.getAttribute('data-text-waiting').replace('{0}', waiting)
            : (sent ? line.getAttribute('data-text-sent') : '');
    }

    var sending = false;

    async function send() {
        var list = kept();
        show(list.length, false);
        var field = document.querySelector('input[name="__RequestVerificationToken"]');
        if (sending || list.length === 0 || !navigator.onLine || !field) {
            return;
        }
        sending = true;
        var sentAny = false;
        try {
            while (list.length > 0) {
                var arrival = list[0];
                var body = new FormData();
                body.append('zone', arrival.zone);
                body.append('token', arrival.token);
                body.append('at', arrival.at);
                body.append('__RequestVerificationToken', field.value);
                var response = await fetch('/scan?handler=Arrival', { method: 'POST', body: body, credentials: 'same-origin' });
                if (response.status >= 500 || response.status === 401 || response.redirected) {
                    break; // The server or the session is not ready: try again later.
                }
                // Recorded, or refused for good (a changed sign, not the zone's member): either way it is done.
                list.shift();
                keep(list);
                sentAny = sentAny || response.ok;
            }
        } catch (e) {
            // Still offline; the arrivals stay kept.
        } finally {
            sending = false;
        }
        if (sentAny && list.length === 0) {
            show(0, true);
        }
    }

    window.safetyflowArrivals = {
        keep: function (arrival) {
            var list = kept();
            list.push(arrival);
            keep(list);
        },
        send: send,
    };
    window.addEventListener('online', send);
    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', send);
    } else {
        send();
    }
})();
