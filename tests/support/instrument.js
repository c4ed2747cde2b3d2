// Test-only instrumentation of the page: counts the message listeners and
// timers that are still registered, records the windows window.open
// returned, and can make window.open behave like a popup blocker.
let installed = null;

export function install() {
  if (installed) return;
  const messageListeners = new Set();
  const timers = new Set();
  const intervals = new Set();
  const opened = [];
  const original = {
    addEventListener: window.addEventListener,
    removeEventListener: window.removeEventListener,
    setTimeout: window.setTimeout,
    clearTimeout: window.clearTimeout,
    setInterval: window.setInterval,
    clearInterval: window.clearInterval,
    open: window.open,
  };
  window.addEventListener = function (type, listener, options) {
    if (type === 'message') messageListeners.add(listener);
    return original.addEventListener.call(this, type, listener, options);
  };
  window.removeEventListener = function (type, listener, options) {
    if (type === 'message') messageListeners.delete(listener);
    return original.removeEventListener.call(this, type, listener, options);
  };
  window.setTimeout = function (handler, ms, ...rest) {
    const id = original.setTimeout.call(window, (...args) => {
      timers.delete(id);
      handler(...args);
    }, ms, ...rest);
    timers.add(id);
    return id;
  };
  window.clearTimeout = function (id) {
    timers.delete(id);
    return original.clearTimeout.call(window, id);
  };
  window.setInterval = function (handler, ms, ...rest) {
    const id = original.setInterval.call(window, handler, ms, ...rest);
    intervals.add(id);
    return id;
  };
  window.clearInterval = function (id) {
    intervals.delete(id);
    return original.clearInterval.call(window, id);
  };
  window.open = function (...args) {
    if (installed.blockPopups) return null;
    installed.openCalls += 1;
    const popup = original.open.apply(window, args);
    if (popup) opened.push(popup);
    return popup;
  };
  installed = { messageListeners, timers, intervals, opened, blockPopups: false, openCalls: 0, unhandled: 0 };
  original.addEventListener.call(window, 'unhandledrejection', () => {
    installed.unhandled += 1;
  });
}

export function unhandledRejectionCount() {
  return installed.unhandled;
}

export function lastOpenedHref() {
  const popup = installed.opened[installed.opened.length - 1];
  try {
    return popup ? popup.location.href : '';
  } catch (_) {
    return 'cross-origin';
  }
}

export function messageListenerCount() {
  return installed.messageListeners.size;
}

export function timerCount() {
  return installed.timers.size + installed.intervals.size;
}

export function openCalls() {
  return installed.openCalls;
}

export function setBlockPopups(block) {
  installed.blockPopups = block;
}

export function openWindowCount() {
  return installed.opened.filter((popup) => !popup.closed).length;
}

export function lastOpened() {
  return installed.opened[installed.opened.length - 1] || null;
}

export function closeAll() {
  for (const popup of installed.opened) {
    try { popup.close(); } catch (_) { /* already gone */ }
  }
}

export function postToSelf(data) {
  window.postMessage(data, '*');
}

const debugLines = [];
let debugCaptured = false;

export function captureDebug() {
  if (debugCaptured) return;
  debugCaptured = true;
  const original = console.debug;
  console.debug = function (...args) {
    debugLines.push(args.map(String).join(' '));
    return original.apply(console, args);
  };
}

export function takeDebugLines() {
  return debugLines.splice(0, debugLines.length);
}
