// The JSON API of `sohoa serve` (docs/api.md), route by route.
#pragma once
#include <vector>

#include "station/http.hpp"
#include "station/station.hpp"

namespace sohoa::station {

void add_account_routes(std::vector<Route>& routes, Station& station);
void add_dossier_routes(std::vector<Route>& routes, Station& station);
void add_image_routes(std::vector<Route>& routes, Station& station);
void add_batch_routes(std::vector<Route>& routes, Station& station);
class ScanIntake;
void add_scanner_routes(std::vector<Route>& routes, Station& station, ScanIntake& scans);

// The API's views of the store's rows.
Json dossier_json(const DossierRow& d);
Json page_json(const PageRow& p);
Json user_json(const UserRow& u);
DossierRow require_dossier(Store& store, std::int64_t id);  // HttpError 404
PageRow require_page(Store& store, std::int64_t id);        // HttpError 404

}  // namespace sohoa::station
