// A cell's code as a link to the playground: `<site>/playground/#code=<base64url of the UTF-8
// text, compressed with raw DEFLATE>`. The code lives only in the fragment, which a browser never
// sends to a server. Encoding and decoding only; copying (share-copy.ts) and opening
// (share-open.ts) are elsewhere.
import { SITE_ROOT } from "./config";

/** The playground's page, relative to the site root (docs/playground.md). */
export const PLAYGROUND_PATH = "playground/";
/** The playground cell a link's code goes into. */
export const SHARE_TARGET_ID = "shared";
const FRAGMENT_KEY = "code=";
/**
 * The longest link made or opened, in characters. RFC 9110 (section 4.1) recommends that every
 * sender and recipient support URIs of at least 8,000 octets; longer links get cut by chat
 * programs, mail clients and some browsers' address bars.
 */
export const MAX_LINK_CHARS = 8000;
/** The most code a link may unpack to (a few kilobytes of DEFLATE can expand a thousandfold). */
export const MAX_CODE_CHARS = 200_000;

export class ShareLinkError extends Error {
  /** `chars`: the link's length, for "too-long". */
  constructor(readonly reason: "too-long" | "malformed", readonly chars = 0) {
    super(reason);
  }
}

async function pipe(bytes: Uint8Array<ArrayBuffer>, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const body = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

function toBase64url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new ShareLinkError("malformed");
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(padded);
  } catch {
    throw new ShareLinkError("malformed");
  }
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The playground's link for `code`; a ShareLinkError("too-long") past MAX_LINK_CHARS. */
export async function shareLink(code: string): Promise<string> {
  const packed = await pipe(new TextEncoder().encode(code), new CompressionStream("deflate-raw"));
  const link = `${new URL(PLAYGROUND_PATH, SITE_ROOT).href}#${FRAGMENT_KEY}${toBase64url(packed)}`;
  if (link.length > MAX_LINK_CHARS) throw new ShareLinkError("too-long", link.length);
  return link;
}

/** Whether a URL's fragment (location.hash) carries shared code. */
export function hasSharedCode(hash: string): boolean {
  return hash.startsWith(`#${FRAGMENT_KEY}`);
}

/**
 * The code a fragment carries. ShareLinkError("too-long") when the whole link is longer than
 * MAX_LINK_CHARS, ("malformed") when it is not base64url, not DEFLATE, not UTF-8, or unpacks to
 * more than MAX_CODE_CHARS.
 */
export async function sharedCode(href: string): Promise<string> {
  if (href.length > MAX_LINK_CHARS) throw new ShareLinkError("too-long", href.length);
  const hash = new URL(href).hash;
  if (!hasSharedCode(hash)) throw new ShareLinkError("malformed");
  const packed = fromBase64url(hash.slice(1 + FRAGMENT_KEY.length));
  let bytes: Uint8Array;
  try {
    bytes = await pipe(packed, new DecompressionStream("deflate-raw"));
  } catch {
    throw new ShareLinkError("malformed");
  }
  let code: string;
  try {
    code = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ShareLinkError("malformed");
  }
  if (code.length > MAX_CODE_CHARS) throw new ShareLinkError("malformed");
  return code;
}
