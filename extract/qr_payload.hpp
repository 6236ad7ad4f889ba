// QR payloads of cards and 2024 certificates: '|'-separated values whose meaning the form model
// gives ("path" or "path:format" per element). Cards: number|old number|name|ddmmyyyy birth|sex|
// address|ddmmyyyy issue, and on 2024 cards four more, empty, elements.
#pragma once
#include <map>
#include <string>

#include "core/field.hpp"
#include "models/forms.hpp"

namespace sohoa::extract {

// The values by field path (an empty element is null). Empty when the payload is not one of this
// rule: too few elements, another prefix, a date that is no date.
std::map<std::string, Json> qr_fields(const std::string& payload, const models::QrRule& rule);

// Whether the payload is one of this rule's and has as many elements as the rule says its form's
// have (the QR code of a document no form phrase recognised tells which form it is).
bool qr_identifies(const std::string& payload, const models::QrRule& rule);

}  // namespace sohoa::extract
