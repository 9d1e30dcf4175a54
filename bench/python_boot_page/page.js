// bench/python_boot.py: one boot of Pyodide in a fresh worker per call, in a given mode.
window.bootOnce = (mode, snapshot) => new Promise((resolve, reject) => {
  const worker = new Worker("worker.js");
  worker.onmessage = (event) => {
    worker.terminate();
    if (event.data.error) reject(new Error(`${mode}: ${event.data.error}`)); else resolve(event.data);
  };
  worker.onerror = (event) => { worker.terminate(); reject(new Error(event.message)); };
  worker.postMessage({ mode, snapshot }, snapshot ? [snapshot.buffer] : []);
});
