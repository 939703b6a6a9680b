import { ProtocolError } from '@bosun/protocol';

// Docker's image reference grammar: an optional registry host (and port), lower-case path
// components, an optional tag and an optional sha256 digest. Nothing in it needs shell quoting.
const IMAGE_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const IMAGE_REFERENCE = new RegExp(
  `^(?:[A-Za-z0-9.-]+(?::\\d{1,5})?/)?${IMAGE_COMPONENT}(?:/${IMAGE_COMPONENT})*(?::\\w[\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`,
);

/**
 * An image reference a join line may run, e.g. `bosun-agent:0.2.0` or
 * `registry.example.com/ops/bosun-agent:0.2.0`; `setting` names where it came from in the error.
 */
export function parseImageReference(text: string, setting: string): string {
  const image = text.trim();
  if (image.length > 255 || !IMAGE_REFERENCE.test(image)) {
    throw new ProtocolError(
      'invalid_data',
      `${setting} ${JSON.stringify(text)} is not an image reference, e.g. bosun-agent:0.2.0 or registry.example.com/bosun-agent:0.2.0`,
    );
  }
  return image;
}
