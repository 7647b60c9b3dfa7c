// A small menu by the control that opened it (a name's menu, the reactions): one open at a time, placed inside the
// window, closed by a click elsewhere or Esc.
let open = null;
let opener = null;

export const closeMenu = () => {
  open?.remove();
  open = null;
  opener = null;
};

export const isOpen = (menu) => menu === open;

export const openMenu = (menu, anchor) => {
  closeMenu();
  open = menu;
  opener = anchor;
  document.body.append(menu);
  const box = anchor.getBoundingClientRect();
  menu.style.left = `${Math.max(4, Math.min(box.left, window.innerWidth - menu.offsetWidth - 4))}px`;
  const below = box.bottom + 4 + menu.offsetHeight <= window.innerHeight;
  menu.style.top = `${below ? box.bottom + 4 : Math.max(4, box.top - menu.offsetHeight - 4)}px`;
  menu.querySelector('button')?.focus();
};

document.addEventListener('click', (event) => {
  if (open && !open.contains(event.target) && !opener?.contains(event.target)) closeMenu();
});
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && open) closeMenu();
});
