/*
 * The check-in page at the door: tap "Check in" or scan a QR code without reloading the
 * page, and keep the check-ins made while the connection is down.
 *
 * Without this script every button is a plain form and the page still works. With it,
 * the same forms are posted with fetch and answered in JSON; a check-in that cannot
 * reach the server is kept in localStorage and sent, in order, once the browser is
 * online again. Sending one twice is harmless: the server checks a person in once.
 */
(function () {
  "use strict";

  const root = document.getElementById("checkin");
  if (!root || !window.fetch) {
    return;
  }
  const text = root.dataset;
  const result = document.getElementById("checkin-result");
  const queueNotice = document.getElementById("checkin-queue");
  const headcount = document.getElementById("headcount");
  const QUEUE_KEY = text.queueKey;
  const DEVICE_KEY = "learninglab.checkin.device";
  const RETRY_MS = 15000;

  class Offline extends Error {}
  class LoggedOut extends Error {}
  class Refused extends Error {}

  function stored(key, fallback) {
    try {
      const value = window.localStorage.getItem(key);
      return value === null ? fallback : value;
    } catch (error) {
      return fallback;
    }
  }

  function store(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch (error) {
      // Storage full or refused: the check-in stays in memory for this page only.
    }
  }

  // A label telling apart the phones at the door in the history of a check-in.
  function deviceLabel() {
    let label = stored(DEVICE_KEY, "");
    if (!label) {
      label = "device " + Math.random().toString(36).slice(2, 6);
      store(DEVICE_KEY, label);
    }
    return label;
  }

  let memoryQueue = null;

  function loadQueue() {
    if (memoryQueue !== null) {
      return memoryQueue.slice();
    }
    try {
      return JSON.parse(stored(QUEUE_KEY, "[]"));
    } catch (error) {
      return [];
    }
  }

  function saveQueue(queue) {
    store(QUEUE_KEY, JSON.stringify(queue));
    if (stored(QUEUE_KEY, null) !== JSON.stringify(queue)) {
      memoryQueue = queue.slice();
    }
    showQueue(queue);
  }

  function showQueue(queue) {
    queueNotice.hidden = queue.length === 0;
    queueNotice.querySelector("[data-queue-count]").textContent = String(queue.length);
  }

  function say(message, kind) {
    result.textContent = message;
    result.dataset.kind = kind || "";
  }

  function csrfToken() {
    const input = root.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  async function send(url, fields) {
    if (navigator.onLine === false) {
      throw new Offline();
    }
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        body: new URLSearchParams(fields),
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
      });
    } catch (error) {
      throw new Offline();
    }
    const type = response.headers.get("Content-Type") || "";
    if (type.startsWith("application/json")) {
      return response.json();
    }
    if (response.redirected || response.status === 403) {
      throw new LoggedOut(); // the login page, or a form from before the last login
    }
    if (response.status >= 500) {
      throw new Offline(); // the server is restarting: try again later
    }
    throw new Refused();
  }

  // The row whose button was pressed last: its other button takes the focus even when the
  // pressed one lost it meanwhile (the list redrawn by a search, a tap that focuses nothing).
  let pressedRow = "";

  function focusIsFree() {
    const active = document.activeElement;
    return !active || active === document.body;
  }

  function showRow(id, checkedIn, stateText) {
    const row = document.getElementById("invitation-" + id);
    if (!row) {
      return;
    }
    const hadFocus = row.contains(document.activeElement) || (pressedRow === String(id) && focusIsFree());
    const record = row.querySelector("form[data-checkin=record]");
    const undo = row.querySelector("form[data-checkin=undo]");
    row.classList.toggle("is-checked-in", checkedIn);
    if (record) {
      record.hidden = checkedIn;
    }
    if (undo) {
      undo.hidden = !checkedIn;
    }
    const state = row.querySelector("[data-state]");
    if (state) {
      state.textContent = stateText;
    }
    const shown = checkedIn ? undo : record;
    if (hadFocus && shown) {
      shown.querySelector("button").focus();
    }
  }

  function refreshHeadcount() {
    if (window.htmx && headcount) {
      window.htmx.trigger(headcount, "refresh");
    }
  }

  // The rows changed here, with when: a search answered after a change but asked before it
  // redraws the list as it was, so the change is shown again over it.
  const changedRows = new Map();

  function changeRow(id, checkedIn, stateText) {
    changedRows.set(String(id), { checkedIn: checkedIn, stateText: stateText, at: performance.now() });
    showRow(id, checkedIn, stateText);
  }

  function apply(data) {
    say(data.message, data.state);
    if (data.invitation) {
      changeRow(data.invitation, data.checked_in, data.state_text || "");
    }
    refreshHeadcount();
    if (navigator.vibrate) {
      navigator.vibrate(data.state === "checked_in" ? 80 : [60, 60, 60]);
    }
  }

  function keep(item, error) {
    if (!item.fields.at) {
      item.fields.at = item.madeAt; // when it happened, not when it reached the server
    }
    const queue = loadQueue();
    queue.push(item);
    saveQueue(queue);
    if (item.invitation) {
      const checkedIn = item.action !== "undo";
      changeRow(item.invitation, checkedIn, (checkedIn ? text.textCheckedIn + " · " : "") + text.textWaiting);
    }
    say(error instanceof LoggedOut ? text.textLogin : text.textQueued, "queued");
  }

  async function submit(item) {
    if (loadQueue().length) {
      // Keep the order: an undo must not overtake the check-in it undoes.
      keep(item, new Offline());
      flush();
      return;
    }
    say(text.textSending, "sending");
    try {
      apply(await send(item.url, item.fields));
    } catch (error) {
      if (error instanceof Offline || error instanceof LoggedOut) {
        keep(item, error);
      } else {
        say(text.textFailed, "error");
      }
    }
  }

  let flushing = false;

  async function flush() {
    if (flushing || !loadQueue().length) {
      showQueue(loadQueue());
      return;
    }
    flushing = true;
    try {
      for (;;) {
        const item = loadQueue()[0];
        if (!item) {
          break;
        }
        let data = null;
        try {
          data = await send(item.url, item.fields);
        } catch (error) {
          if (error instanceof LoggedOut) {
            say(text.textLogin, "queued");
          }
          if (!(error instanceof Refused)) {
            break; // still offline: keep it for the next try
          }
          say(text.textFailed, "error");
        }
        saveQueue(loadQueue().filter((kept) => kept.id !== item.id));
        if (data) {
          apply(data);
        }
      }
    } finally {
      flushing = false;
      showQueue(loadQueue());
    }
  }

  function itemFrom(form) {
    const fields = Object.fromEntries(new FormData(form));
    delete fields.csrfmiddlewaretoken;
    fields.device = deviceLabel();
    const row = form.closest("[data-invitation]");
    return {
      id: Date.now().toString(36) + Math.random().toString(36).slice(2, 8),
      url: form.action,
      action: form.dataset.checkin,
      fields: fields,
      invitation: row ? row.dataset.invitation : null,
      madeAt: new Date().toISOString(),
    };
  }

  root.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.dataset || !form.dataset.checkin) {
      return; // the search and the walk-in form are ordinary forms
    }
    event.preventDefault();
    const item = itemFrom(form);
    pressedRow = item.invitation || "";
    submit(item);
    if (form.dataset.checkin === "scan") {
      form.reset();
    }
  });

  // A search redraws the list (its answer may come after a tap on a row): keep the focus in
  // the row that had it, and the changes made since the search was asked.
  const people = () => document.getElementById("checkin-people");
  let focusedRow = "";

  document.body.addEventListener("htmx:beforeRequest", (event) => {
    event.detail.xhr.learninglabSentAt = performance.now();
  });

  document.body.addEventListener("htmx:beforeSwap", (event) => {
    const list = people();
    const row = list && list.contains(document.activeElement) ? document.activeElement.closest("[data-invitation]") : null;
    focusedRow = row ? row.dataset.invitation : "";
  });

  document.body.addEventListener("htmx:afterSettle", (event) => {
    const sentAt = event.detail.xhr ? event.detail.xhr.learninglabSentAt : undefined;
    if (sentAt === undefined || !people()) {
      return;
    }
    changedRows.forEach((row, id) => {
      if (row.at > sentAt) {
        showRow(id, row.checkedIn, row.stateText);
      }
    });
    const row = focusedRow && focusIsFree() ? document.getElementById("invitation-" + focusedRow) : null;
    const button = row ? row.querySelector("form:not([hidden]) button") : null;
    if (button) {
      button.focus();
    }
    focusedRow = "";
  });

  // Polling the headcount: swap only when a figure changed, so that screen readers
  // announce changes, not every refresh.
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    if (event.detail.target !== headcount) {
      return;
    }
    const incoming = document.createElement("template");
    incoming.innerHTML = event.detail.serverResponse;
    const words = (node) => node.textContent.replace(/\s+/g, " ").trim();
    if (words(incoming.content) === words(headcount)) {
      event.detail.shouldSwap = false;
    }
  });

  // The walk-in form is an ordinary form: it names the device too.
  root.querySelectorAll("input[name=device]").forEach((input) => {
    input.value = deviceLabel();
  });

  window.addEventListener("online", flush);
  window.setInterval(flush, RETRY_MS);
  flush();

  // The QR code scanner: the phone's own barcode reader where the browser has one, else
  // the bundled ZXing reader (WebAssembly), loaded on the first scan.
  const scanner = document.getElementById("scanner");
  if (!scanner || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return;
  }
  const view = scanner.querySelector("[data-scanner-view]");
  const video = scanner.querySelector("video");
  const status = scanner.querySelector("[data-scanner-status]");
  const startButton = scanner.querySelector("[data-scanner-start]");
  const stopButton = scanner.querySelector("[data-scanner-stop]");
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  const SAME_CODE_PAUSE_MS = 3000;
  const FRAME_PAUSE_MS = 200;
  let stream = null;
  let detect = null;
  let running = false;
  let lastCode = "";
  let lastAt = 0;
  scanner.hidden = false;

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  async function makeDetector() {
    if ("BarcodeDetector" in window) {
      try {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.includes("qr_code")) {
          const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
          return async () => (await detector.detect(video)).map((code) => code.rawValue);
        }
      } catch (error) {
        // No usable reader in the browser: use the bundled one.
      }
    }
    if (!window.ZXingWASM) {
      await loadScript(scanner.dataset.readerSrc);
    }
    const wasm = new URL(scanner.dataset.readerWasm, window.location.href).href;
    window.ZXingWASM.prepareZXingModule({
      overrides: {
        locateFile: (path, prefix) => (path.endsWith(".wasm") ? wasm : prefix + path),
      },
    });
    return async () => {
      const width = video.videoWidth;
      const height = video.videoHeight;
      if (!width || !height) {
        return [];
      }
      canvas.width = width;
      canvas.height = height;
      context.drawImage(video, 0, 0, width, height);
      const found = await window.ZXingWASM.readBarcodes(context.getImageData(0, 0, width, height), {
        formats: ["QRCode"],
        maxNumberOfSymbols: 1,
      });
      return found.filter((code) => code.isValid).map((code) => code.text);
    };
  }

  function onCode(code) {
    const now = Date.now();
    if (code === lastCode && now - lastAt < SAME_CODE_PAUSE_MS) {
      lastAt = now; // the same code still in front of the camera: read once
      return;
    }
    lastCode = code;
    lastAt = now;
    submit({
      id: now.toString(36) + Math.random().toString(36).slice(2, 8),
      url: scanner.dataset.scanUrl,
      action: "scan",
      fields: Object.assign(
        { code: code, device: deviceLabel() },
        scanner.dataset.confirm ? { confirm: scanner.dataset.confirm } : {},
      ),
      invitation: null,
      madeAt: new Date().toISOString(),
    });
  }

  async function tick() {
    if (!running) {
      return;
    }
    try {
      const codes = await detect();
      if (codes.length) {
        onCode(codes[0]);
      }
    } catch (error) {
      // A frame that could not be read; the next one may be.
    }
    if (running) {
      window.setTimeout(tick, FRAME_PAUSE_MS);
    }
  }

  function stop() {
    running = false;
    if (stream) {
      stream.getTracks().forEach((track) => track.stop());
    }
    stream = null;
    video.srcObject = null;
    view.hidden = true;
    startButton.hidden = false;
  }

  async function start() {
    view.hidden = false;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment" },
        audio: false,
      });
      video.srcObject = stream;
      await video.play();
      detect = detect || (await makeDetector());
    } catch (error) {
      stop();
      say(scanner.dataset.textNoCamera, "error");
      return;
    }
    startButton.hidden = true;
    status.textContent = scanner.dataset.textLooking;
    stopButton.focus();
    running = true;
    tick();
  }

  startButton.addEventListener("click", start);
  stopButton.addEventListener("click", () => {
    stop();
    startButton.focus();
  });
  document.addEventListener("visibilitychange", () => {
    if (document.hidden && running) {
      stop();
    }
  });
})();
