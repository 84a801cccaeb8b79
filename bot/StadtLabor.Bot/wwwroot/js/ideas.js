// The ideas board: a "select all in this column" box per column. Without JavaScript it stays hidden and every idea
// is ticked on its own; the bulk form works the same either way.
document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('input[data-select-all]').forEach(all => {
    const list = document.querySelector(`ul[data-column="${all.getAttribute('data-select-all')}"]`);
    if (!list) return;
    const boxes = () => Array.from(list.querySelectorAll('input[type=checkbox][name=idee]'));
    const sync = () => {
      const ticked = boxes().filter(b => b.checked).length;
      all.checked = ticked > 0 && ticked === boxes().length;
      all.indeterminate = ticked > 0 && ticked < boxes().length;
    };
    all.addEventListener('change', () => {
      boxes().forEach(b => { b.checked = all.checked; });
      sync();
    });
    list.addEventListener('change', sync);
    all.closest('label').hidden = false;
    sync();
  });
});
