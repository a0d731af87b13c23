// Loaded first on the demo pages: shows any Content-Security-Policy violation on the page, so a
// developer (and the end-to-end test, through window.cspViolations) sees the SDK render under the
// strict policy with none.
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.cspViolations.push({ directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample });
  console.warn('CSP violation:', event.effectiveDirective, event.blockedURI, event.sample);
});
