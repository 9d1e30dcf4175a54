// The part of Pyodide 0.27's API the worker uses (the vendored pyodide.js defines loadPyodide).
// Pyodide is not an npm dependency: its files are fetched, verified and served from the site.

export interface PyProxy {
  toJs(options?: { dict_converter?: (entries: Iterable<[unknown, unknown]>) => unknown }): unknown;
  destroy(): void;
  (...args: unknown[]): unknown;
  callKwargs(...args: unknown[]): unknown;
}

export interface PyodideAPI {
  version: string;
  runPython(code: string, options?: { globals?: PyProxy; filename?: string }): unknown;
  pyimport(name: string): PyProxy & Record<string, PyProxy>;
  registerJsModule(name: string, module: object): void;
  setInterruptBuffer(buffer: Int32Array): void;
  loadPackage(
    names: string[],
    options?: { messageCallback?: (msg: string) => void; errorCallback?: (msg: string) => void },
  ): Promise<unknown>;
  loadedPackages: Record<string, string>;
  unpackArchive(buffer: ArrayBuffer, format: string, options?: { extractDir?: string }): void;
  FS: { mkdirTree(path: string): void; writeFile(path: string, data: string | Uint8Array): void };
  /** Private in 0.27 (python-snapshot.ts): the interpreter's memory; needs `_makeSnapshot`. */
  makeMemorySnapshot(): Uint8Array;
  /** Internal, but stable across 0.2x: the lock's packages, already parsed by loadPyodide. */
  _api?: { lockfile_packages?: Record<string, LockPackage> };
}

export interface LockPackage {
  name: string;
  file_name: string;
  imports: string[];
  depends: string[];
  package_type?: string;
}

export interface LoadPyodideOptions {
  indexURL: string;
  packages?: string[];
  env?: Record<string, string>;
  stdout?: (line: string) => void;
  stderr?: (line: string) => void;
  fullStdLib?: boolean;
  /** Private in 0.27 (python-snapshot.ts): start so that makeMemorySnapshot() can be called. */
  _makeSnapshot?: boolean;
  /** Private in 0.27 (python-snapshot.ts): start from this memory snapshot. */
  _loadSnapshot?: Uint8Array;
}

export type LoadPyodide = (options: LoadPyodideOptions) => Promise<PyodideAPI>;
