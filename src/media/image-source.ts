import type { UrlSource } from './media.urls';
/** What a picture in body HTML needs from the media library row (an entity, or the plain row article.rows.ts reads with the article). */
export interface HtmlImageSource extends UrlSource {
  alt?: string | null;
  caption?: string | null;
  credit?: string | null;
  placeholder: string;
  dominantColor: string;
}
