/** The npm `commonmark-spec` package: the spec's examples, as data. */
declare module 'commonmark-spec' {
  interface Example {
    markdown: string;
    html: string;
    section: string;
    number: number;
  }
  const spec: { text: string; tests: Example[] };
  export default spec;
}
