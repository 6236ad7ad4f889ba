// Separator sheets: a printed A4 page put in front of each dossier of a fed batch. It carries a
// QR code (payload "SOHOA-SEP/1 NUMBER", or "SOHOA-SEP/1" without a number), the dossier number
// in large print, an instruction line for the operator, and a Kodak Patch T (capture/patch_code.hpp)
// along its top and bottom edges for scanners that split on patch codes themselves. The batch
// splitter (extract/split.hpp) reads the QR code or the patch back from the scanned page.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sohoa::capture {

inline constexpr std::string_view kSeparatorPrefix = "SOHOA-SEP/1";

// Throws std::invalid_argument when the number cannot be printed on a sheet and used as a folder
// name (1-40 letters, digits, '-', '_', '.').
void check_dossier_number(const std::string& number);
std::string separator_payload(const std::string& number);  // "" number: a sheet without one

struct SeparatorCode {
  std::optional<std::string> dossier;  // the number it carries
};
// A QR payload that is a separator's; nullopt for any other code (a card's or certificate's).
std::optional<SeparatorCode> parse_separator(std::string_view payload);

// Writes one A4 sheet per number into a PDF (libharu). Throws std::runtime_error naming the file.
void write_separator_pdf(const std::vector<std::string>& numbers, const std::filesystem::path& out);

}  // namespace sohoa::capture
