// Reading the one file of a multipart upload (dossier attachments, feedback photos), with the
// client's mistakes as Vietnamese 4xx: no file, a body cut short or without a boundary, a file over
// the size limit, or more than one file.
import type { FastifyRequest } from 'fastify';
import { DomainError, Invalid, TooLarge } from './errors.ts';

export async function readSingleFile(req: FastifyRequest, maxBytes: number): Promise<{ bytes: Buffer; filename: string }> {
  if (!req.isMultipart()) throw Invalid('files.missing');
  const tooLarge = () => TooLarge('files.tooLarge', { limitMb: Math.round(maxBytes / 1048576) });
  // A second file is refused rather than dropped: keeping the first and answering 201 would tell
  // the sender both were received.
  let upload: { bytes: Buffer; filename: string } | undefined;
  try {
    for await (const part of req.parts()) {
      if (part.type !== 'file') continue; // form fields beside the file are not used
      if (upload) throw Invalid('files.tooMany');
      // @fastify/multipart throws (FST_REQ_FILE_TOO_LARGE) when the file passes the size limit.
      const bytes = await part.toBuffer().catch((err: { code?: string }) => {
        throw err?.code === 'FST_REQ_FILE_TOO_LARGE' ? tooLarge() : err;
      });
      if (part.file.truncated) throw tooLarge();
      upload = { bytes, filename: part.filename };
    }
  } catch (err) {
    const code = (err as { code?: string })?.code;
    // The parser stops at the second file (limits.files is 1 in app.ts) with FST_FILES_LIMIT.
    if (code === 'FST_FILES_LIMIT') throw Invalid('files.tooMany');
    // A body cut short, or without a boundary, makes the parser throw a plain Error ("Premature
    // close", "Boundary not found"): the client's fault, a 400, not a 500.
    throw err instanceof DomainError || code?.startsWith('FST_') ? err : Invalid('files.malformedUpload');
  }
  if (!upload) throw Invalid('files.missing');
  return upload;
}
