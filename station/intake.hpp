// The operator's intake of a scan into a dossier, from an upload or from the watched folder:
// checked, stored durably under its content's name, filed, and the preparation worker woken.
#pragma once
#include <cstdint>
#include <string>

#include "station/station.hpp"

namespace sohoa::station {

// Returns the new page's id. Throws HttpError: 400 empty or not a scan format, 404 no such
// dossier, 409 the dossier is closed or already holds this very page.
std::int64_t add_scan(Station& station, std::int64_t dossier, const std::string& bytes, const std::string& name,
                      const std::string& user);

}  // namespace sohoa::station
