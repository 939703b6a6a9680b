// Text files the manager serves as they are in the repository (deploy/install.sh, the agent's
// unit): the test runner and the single-file bundle both import `path?raw` as the file's text.
declare module '*?raw' {
  const text: string;
  export default text;
}
