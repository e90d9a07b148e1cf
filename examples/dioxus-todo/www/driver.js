// Drives the app as a person would: clicks, typing, with pauses between
// (the framework renders between events), then prints the page's text.
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const $ = (q) => document.querySelector(q);

// One input event for the word (as a paste would be).
function type(text) {
  const input = $('#text');
  input.focus();
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { data: text, bubbles: true }));
}

// The framework renders when it is ready (Dioxus after its first task).
async function ready(q) {
  for (let i = 0; i < 500 && $(q) === null; i++) await pause(10);
}

export async function drive() {
  await ready('#inc');
  await pause(20);
  for (let i = 0; i < 150; i++) {
    $('#inc').click();
    if (i % 10 === 0) await pause(5);
  }
  const words = ['milk', 'bread', 'eggs', 'tea', 'rice', 'soap', 'salt', 'oil'];
  for (let i = 0; i < 60; i++) {
    type(words[i % words.length]);
    $('#add').click();
    await pause(5);
  }
  $('#add').click(); // empty: refused
  await pause(20);
  for (const id of [2, 3, 5, 8, 13, 21]) {
    await ready(`li[data-id="${id}"]`);
    document.querySelector(`li[data-id="${id}"] .toggle`).click();
    console.log(`driver: toggled ${id}`);
    await pause(20);
  }
  for (const id of [1, 4, 9, 16, 25]) {
    await ready(`li[data-id="${id}"]`);
    document.querySelector(`li[data-id="${id}"] .remove`).click();
    await pause(5);
  }
  window.dispatchEvent(new Event('resize'));
  await pause(100);
  console.log('app-dom: ' + document.body.innerText.replace(/\s+/g, ' ').trim());
}
