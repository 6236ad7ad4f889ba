# All dependencies come from Debian 12 packages installed by scripts/setup-deps.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(ZXing REQUIRED)
find_package(Catch2 2 REQUIRED)
pkg_check_modules(FREETYPE REQUIRED IMPORTED_TARGET freetype2)
pkg_check_modules(ICU REQUIRED IMPORTED_TARGET icu-uc icu-i18n)

# Debian's libopencv-*-dev module packages ship no CMake config (only the heavy libopencv-dev
# meta package does, which drags in Qt, VTK and ffmpeg), so the modules we use are found directly.
find_path(OPENCV_INCLUDE_DIR opencv2/core.hpp PATH_SUFFIXES opencv4 REQUIRED)
add_library(sohoa_opencv INTERFACE)
target_include_directories(sohoa_opencv SYSTEM INTERFACE ${OPENCV_INCLUDE_DIR})
foreach(module core imgproc imgcodecs)
  find_library(OPENCV_${module}_LIB opencv_${module} REQUIRED)
  target_link_libraries(sohoa_opencv INTERFACE ${OPENCV_${module}_LIB})
endforeach()
add_library(sohoa::opencv ALIAS sohoa_opencv)
# Poco's PostgreSQL connector links a target PostgreSQL::client, which CMake's own FindPostgreSQL
# calls PostgreSQL::PostgreSQL
find_package(PostgreSQL REQUIRED)
if(NOT TARGET PostgreSQL::client)
  add_library(PostgreSQL::client INTERFACE IMPORTED)
  target_link_libraries(PostgreSQL::client INTERFACE PostgreSQL::PostgreSQL)
endif()
find_package(Poco REQUIRED COMPONENTS Foundation Data DataSQLite DataPostgreSQL Net Util JSON Zip NetSSL XML)
