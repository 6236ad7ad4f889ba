// The JSON description of a prepared document, shared by `sohoa prepare` (pages.json) and the
// ingest (dossier.json pages): where it was found, how it was turned, its quality verdict.
#pragma once
#include "capture/prepare.hpp"
#include "core/field.hpp"

namespace sohoa::capture {

Json describe(const PreparedDocument& d);
// The operator's one-line verdict: "tốt / good" or the Vietnamese messages joined.
std::string verdict_line(const PreparedDocument& d);

}  // namespace sohoa::capture
