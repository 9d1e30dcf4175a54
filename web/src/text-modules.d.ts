// Python source bundled as text by esbuild (loader ".py": "text" in web/build.mjs).
declare module "*.py" {
  const source: string;
  export default source;
}
