// The admin's sections scroll sideways on a narrow screen: bring the current one into view, so a phone shows where it is.
const links = document.querySelector(".admin-nav__links");
const current = links?.querySelector("[aria-current=page]");
if (links && current && current.offsetLeft + current.offsetWidth > links.clientWidth) {
  links.scrollLeft = current.offsetLeft - (links.clientWidth - current.offsetWidth) / 2;
}
