// "Where does it lead?": follows a short link from the extension, without cookies or referrer, and
// reads only the final address (the body is never read). The destination gets its own verdict.
const TIMEOUT_MS = 8_000;

export async function resolveShortLink(url: string): Promise<string> {
  const u = new URL(url);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('not a web address');
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(u.href, {
      method: 'GET',
      redirect: 'follow',
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      signal: controller.signal,
    });
    const destination = response.url || u.href;
    controller.abort(); // headers are enough: do not download the page
    return destination;
  } finally {
    clearTimeout(timer);
  }
}
