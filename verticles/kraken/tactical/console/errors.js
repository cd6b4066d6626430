/*
 * Loaded before anything else: keeps every uncaught error, unhandled promise rejection and console.error call in
 * window.__krakenErrors (newest last, at most 100), so that the browser test can assert there were none and an
 * operator can look there when the page misbehaves. It changes nothing else: console.error still prints.
 */
(function () {
  'use strict';
  var errors = [];
  window.__krakenErrors = errors;
  function keep(text) {
    if (errors.length < 100) {
      errors.push(String(text));
    }
  }
  window.addEventListener('error', function (event) {
    keep('uncaught: ' + (event.message || event.type) + (event.filename ? ' at ' + event.filename + ':' + event.lineno : ''));
  });
  window.addEventListener('unhandledrejection', function (event) {
    keep('unhandled rejection: ' + (event.reason && event.reason.stack ? event.reason.stack : event.reason));
  });
  var original = console.error;
  console.error = function () {
    keep('console.error: ' + Array.prototype.map.call(arguments, String).join(' '));
    return original.apply(console, arguments);
  };
})();
