// Sends the antiforgery token as a header on every htmx request that can change something.
// (Plain form posts without script carry it as the hidden field instead.)
const token = document.querySelector('meta[name="antiforgery-token"]')?.content;

document.addEventListener('htmx:configRequest', (event) => {
  if (token && event.detail.verb !== 'get') {
    event.detail.headers.RequestVerificationToken = token;
  }
});
