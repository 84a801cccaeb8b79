// Little page code, no framework: focus the error summary after a failed POST (screen readers announce it), and
// ask before a button marked data-confirm ("Wirklich absagen?") submits its form. Without JavaScript the forms
// still work; the confirming step is then the server's own confirmation page where a feature has one.
document.addEventListener('DOMContentLoaded', () => {
  const summary = document.querySelector('[data-focus-on-load]');
  if (summary) summary.focus();
  document.querySelectorAll('[data-confirm]').forEach(button => {
    button.addEventListener('click', event => {
      if (!window.confirm(button.getAttribute('data-confirm'))) event.preventDefault();
    });
  });
});
