/** Writing text to stdout or a file while respecting backpressure (a slow pipe holds the producer). */

export interface TextOutput {
  write(text: string): Promise<void>;
}

/** A `TextOutput` over a Node writable; `write` resolves once the stream can take more. */
export function textOutput(stream: NodeJS.WritableStream): TextOutput {
  return {
    write(text: string): Promise<void> {
      if (text === '' || stream.write(text)) {
        return Promise.resolve();
      }
      return new Promise((resolve, reject) => {
        const onDrain = () => {
          stream.removeListener('error', onError);
          resolve();
        };
        const onError = (error: Error) => {
          stream.removeListener('drain', onDrain);
          reject(error);
        };
        stream.once('drain', onDrain);
        stream.once('error', onError);
      });
    },
  };
}
