// The searchable PDF of a dossier: every scan page as its colour image at the physical page size,
// an invisible text layer of the OCR words placed where they are on the scan (so a viewer's search
// highlights the word on the image), one outline entry per document, and a visible last page
// listing every field of the record.
#pragma once
#include <string>

#include "export/dossier_export.hpp"

namespace sohoa::exporter {

// The PDF's bytes. Deterministic: the same dossier gives the same bytes (no dates in it), so a
// package re-exported carries the same checksums. Throws ExportError naming what failed.
std::string render_pdf(const DossierExport& dossier);

// The lines of the record summary page: "owners[0].name" → "Dương Ngọc Thưởng", per document.
struct SummaryLine {
  std::string label, value;
  bool heading = false, review = false;
};
std::vector<SummaryLine> summary_lines(const Json& record);
// A field value as the summary prints it: strings as they are, numbers as in dossier.json.
std::string value_text(const Json& value);

}  // namespace sohoa::exporter
