// Drives the app as a person would: typing, clicks, pointer moves, with
// pauses between (each event is a turn of its own), then prints the page's
// text and the ledger's report, and says it is done.
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const $ = (q) => document.querySelector(q);

function type(text) {
  const input = $('#text');
  input.focus();
  for (const ch of text) {
    input.value += ch;
    input.dispatchEvent(new InputEvent('input', { data: ch, bubbles: true }));
  }
}

export async function drive({ report }) {
  const words = ['milk', 'bread', 'eggs', 'tea', 'rice', 'soap'];
  for (const w of words) {
    type(w);
    $('#add').click();
    await pause(20);
  }
  $('#add').click(); // empty: refused
  for (const li of document.querySelectorAll('#list li')) {
    li.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
  }
  await pause(20);
  for (const id of [2, 4, 5]) {
    document.querySelector(`li[data-id="${id}"] .toggle`).click();
    await pause(10);
  }
  document.querySelector('li[data-id="4"] .toggle').click(); // undone
  for (const id of [1, 5]) {
    document.querySelector(`li[data-id="${id}"] .remove`).click();
    await pause(30);
  }
  await pause(100);
  console.log('app-dom: ' + document.body.innerText.replace(/\s+/g, ' ').trim());
  report();
  await pause(50);
  console.log('app-done');
}
