// Which way up a document lies, once its quad is known.
//
// Method, chosen by measurement on generated sets (README, performance section):
// - portrait or landscape from the document's own shape: cards are landscape, certificate pages
//   portrait, so the shape settles 90° against 0°;
// - up or down from the text lines: ink above the x-height band against ink below the baseline.
//   Vietnamese puts tone and vowel marks over almost every syllable, so upright lines are
//   strongly top-heavy. Leptonica's pixUpDownDetect (ascender/descender hit-miss counts) was
//   measured first and got 87.5% of 192 documents right: card sides have too few Latin
//   ascenders and descenders for it (see the README's performance section);
// - skew from the document's edges (see detect.hpp): a fitted paper edge is exact to about 0.05°
//   over a card or page, where text-line methods (pixFindSkew) wander by 0.1–0.3° on forms with
//   little running text.
#pragma once
#include <opencv2/core.hpp>

namespace sohoa::capture {

struct UpDown {
  bool upside_down = false;
  // -1..1, positive for upright: the lean of the tone marks (above letters or below), of a card
  // back's machine-readable zone (at the bottom or the top), or of the text lines' top-heaviness
  double confidence = 0;
};

// grey: the cleaned document (dark ink on white) as cropped, at `dpi`.
UpDown detect_up_down(const cv::Mat& grey, double dpi);

}  // namespace sohoa::capture
