/** One book the preview server shows: its name in URLs, its manuscript and the directory of its print HTML. */
export interface PreviewBook {
  name: string;
  manuscript: string;
  dir: string;
}
