// The raid shield on the join form: the worker does the proof of work while the person reads and ticks the box; a
// Join pressed before it is done waits for it, then goes ahead by itself. Meanwhile the Join button says it is busy
// (aria-busy, and dimmed), and once pressed it reads "Joining…" and takes no second press. Without script the form
// still works: the server then asks for a short wait instead (the page says how long).
const shield = document.querySelector("[data-shield-challenge]");
if (shield) {
  const form = shield.closest("form");
  const solution = form.querySelector("input[name=solution]");
  const join = form.querySelector("button[type=submit]");
  const progress = shield.querySelector("progress");
  const status = shield.querySelector(".join-shield__status");
  let solved = false;
  let waiting = false;
  const worker = new Worker(shield.dataset.shieldWorker);
  progress.hidden = false;
  status.hidden = false;
  join.setAttribute("aria-busy", "true");
  worker.onmessage = ({ data }) => {
    if (data.progress !== undefined) {
      progress.value = data.progress;
      status.textContent = shield.dataset.checking.replace('{0}', Math.round(data.progress).toLocaleString(document.documentElement.lang));
      return;
    }
    solution.value = data.solution;
    solved = true;
    progress.value = progress.max;
    status.textContent = shield.dataset.done;
    shield.classList.add("join-shield--solved");
    join.setAttribute("aria-busy", "false");
    worker.terminate();
    if (waiting) form.requestSubmit();
  };
  worker.postMessage({ challenge: shield.dataset.shieldChallenge, difficulty: Number(shield.dataset.shieldDifficulty) });
  form.addEventListener("submit", (event) => {
    if (!solved) {
      event.preventDefault();
      waiting = true;
      join.textContent = shield.dataset.joining;
      join.disabled = true;
    }
  });
}
