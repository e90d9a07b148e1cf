// Drives the app as a person would: clicks, typing, with pauses between
// (Yew renders between events), then prints the page's text and the
// ledger's report, and says it is done.
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const $ = (q) => document.querySelector(q);

function type(text) {
  const input = $('#text');
  input.focus();
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { data: text, bubbles: true }));
}

export async function drive({ report }) {
  await pause(50);
  for (let i = 0; i < 5; i++) {
    $('#inc').click();
    await pause(10);
  }
  for (const w of ['milk', 'bread', 'eggs', 'tea']) {
    type(w);
    $('#add').click();
    await pause(20);
  }
  $('#add').click(); // empty: refused
  await pause(20);
  for (const id of [2, 3]) {
    document.querySelector(`li[data-id="${id}"] .toggle`).click();
    await pause(20);
  }
  document.querySelector('li[data-id="1"] .remove').click();
  await pause(100);
  console.log('app-dom: ' + document.body.innerText.replace(/\s+/g, ' ').trim());
  report();
  await pause(50);
}
