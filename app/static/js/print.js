// The Print button of the TCG meeting pack and the oversight figures. A file, not an inline
// handler: the Content-Security-Policy allows scripts from 'self' only.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
