// The admin's sections scroll sideways on a narrow screen: bring the current one into view, so a phone shows where it is.
const links = document.querySelector(".admin-nav__links");
const current = links?.querySelector("[aria-current=page]");
if (links && current && current.offsetLeft + current.offsetWidth > links.clientWidth) {
  links.scrollLeft = current.offsetLeft - (links.clientWidth - current.offsetWidth) / 2;
}

// Marked while sections lie past the right edge (the row fades out there), updated as it scrolls or the window changes.
const hintMore = () => links?.classList.toggle("admin-nav__links--more", links.scrollLeft + links.clientWidth < links.scrollWidth - 1);
links?.addEventListener("scroll", hintMore, { passive: true });
window.addEventListener("resize", hintMore);
hintMore();
