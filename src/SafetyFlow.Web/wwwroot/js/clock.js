// The server's clock as the phone knows it. Whenever the phone is online it asks the server's time (GET /api/time) and
// keeps the difference to its own clock; the times it records without a connection (an arrival at a zone, a finished
// checklist) are its own clock plus that difference, so a phone whose clock is wrong still records the right time.
(function () {
    'use strict';
    var KEY = 'safetyflow.clockOffset';
    // An answer slower than this says too little about when the server read its clock.
    var SLOWEST = 10000;

    function offset() {
        var kept = Number(localStorage.getItem(KEY));
        return isFinite(kept) ? kept : 0;
    }

    async function sync() {
        if (!navigator.onLine) {
            return;
        }
        try {
            var sent = Date.now();
            var response = await fetch('/api/time', { cache: 'no-store', credentials: 'omit' });
            var received = Date.now();
            if (!response.ok || received - sent > SLOWEST) {
                return;
            }
            var server = Date.parse((await response.json()).now);
            if (!isNaN(server)) {
                localStorage.setItem(KEY, String(server - (sent + received) / 2));
            }
        } catch (e) {
            // Offline after all: the difference kept last time stands.
        }
    }

    window.safetyflowClock = {
        now: function () { return new Date(Date.now() + offset()); },
        synced: sync(),
    };
    window.addEventListener('online', sync);
})();
