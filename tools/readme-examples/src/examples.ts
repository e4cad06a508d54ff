/** The examples of a README: its ```ts blocks. */

export interface ReadmeExample {
  /** `example <n>: <first line that is neither blank nor an import>`, the test's name. */
  name: string;
  code: string;
}

const TS_BLOCK = /^```ts\n([\s\S]*?)^```$/gm;

export function readmeExamples(markdown: string): ReadmeExample[] {
  return [...markdown.matchAll(TS_BLOCK)].map((match, index) => ({
    name: `example ${index + 1}: ${match[1]
      ?.split('\n')
      .find((line) => line.trim() !== '' && !line.startsWith('import'))
      ?.trim()}`,
    code: match[1] ?? '',
  }));
}
