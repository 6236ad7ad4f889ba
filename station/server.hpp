// `sohoa serve`: the Poco HTTP server in front of the station: the JSON API under /api/, the
// browser UI's static files elsewhere. Runs until SIGINT or SIGTERM.
#pragma once
#include "station/station.hpp"

namespace sohoa::station {

// Serves until a termination signal; returns the process exit code.
int serve(Station& station);

}  // namespace sohoa::station
