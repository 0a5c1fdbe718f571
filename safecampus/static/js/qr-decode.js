// Decoding a QR code from any image source (a camera frame or a label image) with jsQR.
// Shared by the patrol page's camera and by the test that decodes a generated label: one path.
(function () {
  "use strict";

  var canvas = null;

  // source: an <img>, <video> or <canvas>. Returns the QR text, or null when none is found.
  function decodeImage(source) {
    if (typeof window.jsQR !== "function") return null;
    var width = source.videoWidth || source.naturalWidth || source.width;
    var height = source.videoHeight || source.naturalHeight || source.height;
    if (!width || !height) return null;
    // Large frames are scaled down: jsQR's time grows with the pixels, a label needs few.
    var scale = Math.min(1, 800 / Math.max(width, height));
    canvas = canvas || document.createElement("canvas");
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    var context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    var pixels = context.getImageData(0, 0, canvas.width, canvas.height);
    var found = window.jsQR(pixels.data, pixels.width, pixels.height, {
      inversionAttempts: "attemptBoth",
    });
    return found ? found.data : null;
  }

  window.SafeCampusQR = { decodeImage: decodeImage };
})();
