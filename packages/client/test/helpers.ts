/** Test helpers: a fetch that is just a handler (nothing global), and a multipart parser. */

export interface Recorded {
  method: string;
  url: string;
  headers: Headers;
  body: string;
}

export type Handler = (request: Request, index: number) => Response | Promise<Response>;

/** A fetch that records every request and answers with `handler`. */
export function stubFetch(handler: Handler) {
  const requests: Recorded[] = [];
  const fetch = async (input: Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const body = request.body ? await request.clone().text() : '';
    requests.push({ method: request.method, url: request.url, headers: request.headers, body });
    if (request.signal.aborted) {
      throw request.signal.reason;
    }
    const response = await handler(request, requests.length - 1);
    Object.defineProperty(response, 'url', { value: request.url });
    return response;
  };
  return { fetch, requests };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}
