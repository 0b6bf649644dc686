// The framing every stream transport uses (core helper stdio, WebSocket): one JSON object per
// message. Requests carry an id; the answer carries the same id and a Result; events carry none.
import { z } from 'zod';
import { fail, resultSchema, type Result } from './result';

/** Lines longer than this are refused unread: no request is legitimately this large. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/**
 * Answers from the core may be far larger than any request: a snapshot of 1000 namespaces is
 * about 2 MB. This cap only guards the host against a runaway helper.
 */
export const MAX_ANSWER_BYTES = 256 * 1024 * 1024;

/** The size of a message as it travels (UTF-8 bytes). */
export const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;

/**
 * Every door refuses a request larger than a line the core helper reads, at once and in words:
 * forwarded, the helper would drop the line and the caller would wait for an answer that never
 * comes. Null when the size is fine.
 */
export function requestSizeError(bytes: number): Result<never> | null {
  if (bytes <= MAX_MESSAGE_BYTES) return null;
  return fail('invalid-input', `a request is at most ${MAX_MESSAGE_BYTES} bytes (1 MiB); this one has ${bytes}`, { field: 'input' });
}

/**
 * The browser host's WebSocket: the page offers two subprotocols, this one (which the host
 * selects) and TOKEN_PROTOCOL_PREFIX + the token. The token so travels only when the page's own
 * script opens the socket: never in a URL (which might be logged), never in a cookie (which the
 * browser would also send to every other port of the same host).
 */
export const WS_PROTOCOL = 'netns-studio';
export const TOKEN_PROTOCOL_PREFIX = 'token.';

export const requestFrame = z
  .object({
    id: z.union([z.number().int().nonnegative(), z.string().min(1).max(64)], { error: 'a request id is a number or short text' }),
    method: z.string({ error: 'method must be text' }).min(1).max(64),
    input: z.unknown().optional(),
  })
  .strict();
export type RequestFrame = z.infer<typeof requestFrame>;

export const responseFrame = z.object({ id: z.union([z.number(), z.string(), z.null()]), result: resultSchema(z.unknown()) });
export type ResponseFrame = z.infer<typeof responseFrame>;

export const eventFrame = z.object({ event: z.string(), payload: z.unknown() });
export type EventFrame = z.infer<typeof eventFrame>;

/** Subscriptions over a stream: the client says which events it wants. */
export const subscribeFrame = z.object({ subscribe: z.array(z.string()).optional(), unsubscribe: z.array(z.string()).optional() }).strict();
