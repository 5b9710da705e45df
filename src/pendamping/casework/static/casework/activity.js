// Record activity: a client id so a double submit is stored once, and the phone's location
// when the person allows it (never asked for without a tap).
(function () {
  "use strict";
  var form = document.getElementById("activity-form");
  if (!form) { return; }
  var script = document.currentScript || document.querySelector("script[data-located]");
  var idField = form.querySelector("input[name=client_id]");
  if (idField && !idField.value) {
    idField.value = "web-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10);
  }
  var button = document.getElementById("geo-button");
  var status = document.getElementById("geo-status");
  if (!button || !("geolocation" in navigator)) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (pos) {
      form.querySelector("input[name=latitude]").value = pos.coords.latitude.toFixed(6);
      form.querySelector("input[name=longitude]").value = pos.coords.longitude.toFixed(6);
      status.textContent = (script && script.dataset.located) || "OK";
      button.hidden = true;
    }, function () {
      status.textContent = (script && script.dataset.denied) || "";
    }, { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
  });
})();
