// Declarative form models (models/forms/*.json): how to recognise a certificate page or card side,
// where each field's value sits relative to its printed label, and which value grammar it has.
// Adding a form version means adding a model file; the extraction engine reads them all.
#pragma once
#include <array>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "core/field.hpp"

namespace sohoa::models {

// Patterns are ECMAScript regular expressions matched on a line's text folded to ASCII (diacritics
// removed, đ → d), case-insensitively unless "case" is true.
struct Pattern {
  std::string source;
  std::regex regex;
};

struct FieldRule {
  std::string path;                     // "parcel.area_m2"; inside a group, relative to the entry
  std::optional<Pattern> label;         // the value starts after this
  std::optional<Pattern> until;         // ... and ends before this, on the same line
  std::optional<Pattern> find;          // or: the value is this match anywhere
  int line = -1;                        // inside a group: search only this line of the entry
  bool wrap = false;                    // the value may continue on the following lines
  bool optional = false;                // an empty value here is not a gap (another rule fills it)
  std::string grammar;                  // value grammar, see extract/grammar.hpp
  // Where on the document (x, y, w, h as shares) to read the value on its own when the whole
  // document's OCR did not give it: a serial printed large and alone in a corner.
  std::optional<std::array<double, 4>> zone;
};

struct GroupRule {
  std::string path;                    // "owners": one entry per start line
  Pattern start;                       // a line that starts an entry
  std::optional<Pattern> after, before;  // the group lies between these lines
  std::vector<FieldRule> fields;
};

struct QrRule {
  std::string prefix;               // first element of the payload, when it has one
  std::vector<std::string> fields;  // "path" or "path:format" per element, "" to skip
  // How many elements this form's payload has, when that tells it from another form whose payload
  // starts alike (a 2024 card's has four more): used to know the form of a card by its QR code.
  int elements = 0;
  std::optional<std::array<double, 4>> region;  // where the code sits (x, y, w, h as shares of the document)
};

struct FormModel {
  std::string kind;   // "gcn_2014_page2"
  std::string type;   // "land_certificate" / "id_card"
  std::string form;   // "2014", "cccd_2021", ...
  std::string shape;  // prepared shape it appears on: "card", "gcn_2014_page", "a4"
  std::vector<Pattern> recognise;
  std::optional<QrRule> qr;
  std::optional<std::array<double, 4>> mrz_region;  // x, y, w, h as shares of the document
  std::vector<FieldRule> fields;
  std::vector<GroupRule> groups;
  std::vector<Pattern> stops;  // lines that end a wrapped value besides the labels of the fields
  // Zones (x, y, w, h as shares of the document) whose words are not text of any field: the
  // print beside a column of fields (issuer's name by the QR code, fingerprint captions).
  std::vector<std::array<double, 4>> ignore;
};

// Parses one model; throws std::runtime_error naming the model and the bad key.
FormModel parse_form_model(const Json& j, const std::string& name);
// Every model under models/forms/, parsed once.
const std::vector<FormModel>& form_models();
const FormModel* form_model(std::string_view kind);

}  // namespace sohoa::models
