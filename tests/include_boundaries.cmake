# Fails when yaml-cpp or Graphviz is included outside the files allowed to. netfence_core links
# both PRIVATE, but their headers sit in /usr/include, where any file would find them: this
# check is what keeps them inside core.
#   cmake -DROOT=SOURCE_DIR -P include_boundaries.cmake
cmake_minimum_required(VERSION 3.22)
if(NOT ROOT)
  message(FATAL_ERROR "ROOT is not set")
endif()
file(GLOB_RECURSE sources RELATIVE ${ROOT}
     ${ROOT}/core/*.h ${ROOT}/core/*.cpp ${ROOT}/ui/*.h ${ROOT}/ui/*.cpp ${ROOT}/app/*.cpp
     ${ROOT}/tests/*.h ${ROOT}/tests/*.cpp)
list(FILTER sources EXCLUDE REGEX "^tests/fuzz/harness/") # its own project, its own rules

# yaml-cpp: core's sources and its internal YAML headers (included by core's sources only),
# and the tests and benchmarks that parse YAML to compare with the loader.
set(yaml_headers core/yamlnodes.h core/yamlreader.h)
set(yaml_allowed_tests tests/core/biginput_test.cpp tests/core/untrustedinput_test.cpp
    tests/core/clusterpolicyschema_test.cpp tests/bench/netfence_bench.cpp)
# Graphviz: the one layout wrapper.
set(graphviz_allowed core/graphlayout.cpp)

set(problems "")
foreach(f IN LISTS sources)
  file(STRINGS ${ROOT}/${f} includes REGEX "^[ \t]*#[ \t]*include")
  foreach(line IN LISTS includes)
    if(line MATCHES "[<\"](yaml-cpp/[^>\"]*)[>\"]")
      set(header ${CMAKE_MATCH_1})
      if(NOT (f MATCHES "^core/.*\\.cpp$" OR f IN_LIST yaml_headers OR f IN_LIST yaml_allowed_tests))
        string(APPEND problems "  ${f} includes ${header}: only core's sources may\n")
      endif()
    endif()
    if(line MATCHES "[<\"]((graphviz/)?(gvc|cgraph|cdt|types|gvplugin[a-z_]*)\\.h)[>\"]")
      if(NOT f IN_LIST graphviz_allowed)
        string(APPEND problems "  ${f} includes ${CMAKE_MATCH_1}: only core/graphlayout.cpp may\n")
      endif()
    endif()
    foreach(h IN LISTS yaml_headers)
      if(line MATCHES "[<\"]${h}[>\"]" AND NOT f MATCHES "^core/")
        string(APPEND problems "  ${f} includes ${h}, which is internal to core\n")
      endif()
    endforeach()
  endforeach()
endforeach()
list(LENGTH sources count)
if(problems)
  message(FATAL_ERROR "Includes outside their boundaries:\n${problems}")
endif()
message(STATUS "include_boundaries: ${count} files checked; yaml-cpp and Graphviz stay in core")
