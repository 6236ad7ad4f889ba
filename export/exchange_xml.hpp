// The land-database exchange XML of a dossier (HoSoXml, schema export/schema/hoso.xsd, described
// in docs/exchange-xml.md): parcel, land-use purposes, persons, their identity papers, the
// certificate and the scanned files, with GUIDs derived from the dossier id and each entity's
// path so a re-export gives the same GUIDs.
#pragma once
#include <string>

#include "export/dossier_export.hpp"

namespace sohoa::exporter {

// pdf_path: where the dossier's PDF is in the package ("d0001/d0001.pdf"), for banQuet and tenFile.
std::string render_exchange_xml(const DossierExport& dossier, const std::string& pdf_path);

// The name-based (MD5, version 3) UUID of an entity: stable for the same dossier id and path.
std::string entity_guid(const std::string& dossier_id, const std::string& path);

// "2026-10-05" → "05/10/2026"; anything else as it is.
std::string dmy(const std::string& iso);

// The province code (3 digits, provinces.json) of the address's last part, "" if unknown.
std::string province_code_of(const std::string& address);

}  // namespace sohoa::exporter
