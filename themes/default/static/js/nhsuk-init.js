// Starts NHS.UK frontend's components (vendor/nhsuk-frontend/nhsuk-frontend.min.js, loaded
// just before as a classic script, so that it works from file://). The class tells its CSS
// and its components that the browser runs them; without JavaScript the pages work as they are.
document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
if (typeof initAll === "function") {
  initAll();
}
