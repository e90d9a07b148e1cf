// Drives the particles app as a person would: pointer strokes across the
// canvas and a few presses of space, over about three seconds of frames,
// then prints the page's text and says it is done (the ledger reports by
// itself every 60 frames).
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

export async function drive() {
  const canvas = document.getElementById('canvas');
  const rect = canvas.getBoundingClientRect();
  for (let stroke = 0; stroke < 3; stroke++) {
    for (let i = 0; i <= 20; i++) {
      const x = rect.left + (rect.width * i) / 20;
      const y = rect.top + rect.height * (0.25 + stroke * 0.25);
      canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: y, bubbles: true }));
      await pause(15);
    }
    document.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', code: 'Space', bubbles: true }));
    await pause(200);
  }
  await pause(1500);
  console.log('app-dom: ' + document.body.innerText.replace(/\s+/g, ' ').trim());
  console.log('app-done');
}
