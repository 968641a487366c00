// Reads a zone sign's QR code with the camera (jsQR on video frames) or from a photo of the sign, then opens the sign's
// address on this server. Offline, the scan is kept on the phone with the phone's time (arrivals.js sends it later).
(function () {
    'use strict';
    var card = document.querySelector('[data-scan]');
    if (!card || typeof jsQR !== 'function') {
        return;
    }
    var video = card.querySelector('[data-scan-video]');
    var status = card.querySelector('[data-scan-status]');
    var canvas = document.createElement('canvas');
    var context = canvas.getContext('2d', { willReadFrequently: true });
    var stream = null;

    function say(text) {
        status.textContent = text;
    }

    function stop() {
        if (stream) {
            stream.getTracks().forEach(function (t) { t.stop(); });
            stream = null;
        }
        video.hidden = true;
    }

    // The sign's address: <PublicUrl>/zones/{key}/inspect?t=<token>; only its path and query are used, on this server.
    function signOf(text) {
        var url;
        try {
            url = new URL(text, location.href);
        } catch (e) {
            return null;
        }
        var match = /^\/zones\/([^/]+)\/inspect$/.exec(url.pathname);
        var token = url.searchParams.get('t');
        return match && token ? { zone: decodeURIComponent(match[1]), token: token, path: url.pathname + url.search } : null;
    }

    // The phone's time (corrected by the difference to the server's clock, js/clock.js) with its offset, to the millisecond.
    function phoneTime() {
        var now = window.safetyflowClock ? window.safetyflowClock.now() : new Date();
        var offset = -now.getTimezoneOffset();
        var pad = function (n, w) { return String(Math.abs(n)).padStart(w || 2, '0'); };
        var local = new Date(now.getTime() + offset * 60000).toISOString().slice(0, 23);
        return local + (offset >= 0 ? '+' : '-') + pad(Math.trunc(offset / 60)) + ':' + pad(offset % 60);
    }

    function found(text) {
        var sign = signOf(text);
        if (!sign) {
            say(card.getAttribute('data-text-not-sign'));
            return false;
        }
        stop();
        if (navigator.onLine) {
            location.assign(sign.path);
        } else {
            var at = phoneTime();
            window.safetyflowArrivals.keep({ zone: sign.zone, token: sign.token, at: at });
            say(card.getAttribute('data-text-kept').replace('{0}', at.slice(0, 16).replace('T', ' ')));
        }
        return true;
    }

    function decode(source, width, height) {
        canvas.width = width;
        canvas.height = height;
        context.drawImage(source, 0, 0, width, height);
        var code = jsQR(context.getImageData(0, 0, width, height).data, width, height);
        return code ? code.data : null;
    }

    function frame() {
        if (!stream) {
            return;
        }
        if (video.readyState >= 2 && video.videoWidth > 0) {
            var text = decode(video, video.videoWidth, video.videoHeight);
            if (text && found(text)) {
                return;
            }
        }
        requestAnimationFrame(frame);
    }

    card.querySelector('[data-scan-start]').addEventListener('click', async function () {
        if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
            say(card.getAttribute('data-text-no-camera'));
            return;
        }
        try {
            stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
        } catch (e) {
            say(card.getAttribute('data-text-no-camera'));
            return;
        }
        video.srcObject = stream;
        video.hidden = false;
        await video.play();
        requestAnimationFrame(frame);
    });

    card.querySelector('[data-scan-photo]').addEventListener('change', function (event) {
        var file = event.target.files && event.target.files[0];
        if (!file) {
            return;
        }
        var image = new Image();
        image.onload = function () {
            // A phone photo is large; a QR code is still readable at 1024 pixels on the longest side.
            var scale = Math.min(1, 1024 / Math.max(image.naturalWidth, image.naturalHeight));
            var text = decode(image, Math.round(image.naturalWidth * scale), Math.round(image.naturalHeight * scale));
            URL.revokeObjectURL(image.src);
            if (!text) {
                say(card.getAttribute('data-text-no-code'));
                return;
            }
            found(text);
        };
        image.src = URL.createObjectURL(file);
    });
})();
