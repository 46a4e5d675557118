'use strict';
// First dashboard: every bed with its live values, fed by /api/stream. All text goes through
// textContent, so markup in a label or name is shown, never run.

const STALE_AFTER_MS = 10000;
const LOST_AFTER_MS = 5000;
const beds = new Map();
let lastEventAt = 0;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function tileFor(bed) {
  const tile = el('section', 'bed');
  tile.dataset.bed = bed.id;
  tile.append(el('h2', null, bed.label + (bed.patient ? ' · ' + bed.patient : '')));
  const vitals = el('div', 'vitals');
  for (const [key, name, cls] of [['SPO2', 'SpO2 %', 'spo2'], ['PULSE_RATE', 'Pulse /min', 'pulse'], ['BP', 'NIBP mmHg', 'bp']]) {
    const box = el('div', 'vital ' + cls);
    box.dataset.vital = key;
    box.append(el('div', 'name', name), el('div', 'value', '--'));
    vitals.append(box);
  }
  tile.append(vitals, el('div', 'devices'));
  return tile;
}

function render(bed) {
  let tile = document.querySelector(`section.bed[data-bed="${CSS.escape(bed.id)}"]`);
  if (!tile) {
    tile = tileFor(bed);
    document.getElementById('beds').append(tile);
  }
  const now = Date.now();
  const show = (key, text, time) => {
    const box = tile.querySelector(`[data-vital="${key}"]`);
    box.querySelector('.value').textContent = text;
    box.classList.toggle('stale', !time || now - Date.parse(time) > STALE_AFTER_MS);
  };
  const v = bed.vitals;
  const number = (x) => (x && x.value != null ? String(Math.round(x.value)) : '--');
  show('SPO2', number(v.SPO2), v.SPO2 && v.SPO2.time);
  show('PULSE_RATE', number(v.PULSE_RATE), v.PULSE_RATE && v.PULSE_RATE.time);
  const bp = v.BP_SYS && v.BP_DIA ? number(v.BP_SYS) + '/' + number(v.BP_DIA) : '--/--';
  show('BP', bp, v.BP_SYS && v.BP_SYS.time);
  tile.querySelector('.devices').textContent = bed.devices.map((d) => d.id + ': ' + d.status.toLowerCase()).join(' · ');
}

async function loadBeds() {
  const response = await fetch('/api/beds');
  for (const bed of await response.json()) {
    beds.set(bed.id, bed);
    render(bed);
  }
}

function setConnection(live) {
  const banner = document.getElementById('connection');
  banner.textContent = live ? 'live' : 'CONNECTION LOST';
  banner.className = 'connection ' + (live ? 'live' : 'lost');
}

function connect() {
  const stream = new EventSource('/api/stream');
  stream.onopen = () => { lastEventAt = Date.now(); loadBeds().then(() => setConnection(true)); };
  stream.addEventListener('heartbeat', () => { lastEventAt = Date.now(); });
  stream.addEventListener('reading', (message) => {
    lastEventAt = Date.now();
    const reading = JSON.parse(message.data);
    const bed = beds.get(reading.bed);
    if (!bed) return;
    bed.vitals[reading.vital] = reading;
    render(bed);
  });
  stream.addEventListener('device', (message) => {
    lastEventAt = Date.now();
    const event = JSON.parse(message.data);
    const bed = beds.get(event.bed);
    const device = bed && bed.devices.find((d) => d.id === event.device);
    if (device && ['CONNECTED', 'STREAMING', 'SILENT', 'DISCONNECTED'].includes(event.kind)) device.status = event.kind;
    if (bed) render(bed);
  });
  stream.onerror = () => setConnection(false);
}

setInterval(() => {
  if (Date.now() - lastEventAt > LOST_AFTER_MS) setConnection(false);
  beds.forEach(render);
}, 1000);

connect();
