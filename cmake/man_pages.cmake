# The man pages ksince(1) and ksince-CMD(1), rendered at build time into
# build/man/ by the binary itself from its --help text (`ksince __man CMD`,
# engine/man_roff.h), so page and help never drift. cmake/install.cmake
# installs them with docs/ksince-patterns.5.
# The sanitizer build must not fail the build on a leak report.
set(KSINCE_MAN_PAGES "" "index" "query" "show" "history" "compat" "export" "status" "import" "check" "docs"
    "docs build" "docs tags" "docs timeline")
set(KSINCE_MAN_FILES "")
foreach(cmd IN LISTS KSINCE_MAN_PAGES)
  if(cmd STREQUAL "")
    set(page ksince)
  else()
    string(REPLACE " " "-" page "ksince-${cmd}")
  endif()
  separate_arguments(words UNIX_COMMAND "${cmd}")
  set(out ${CMAKE_BINARY_DIR}/man/${page}.1)
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
    COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0 $<TARGET_FILE:ksince> __man ${words} > ${out}
    DEPENDS ksince
    COMMENT "Rendering man page ${page}(1)"
    VERBATIM)
  list(APPEND KSINCE_MAN_FILES ${out})
endforeach()
add_custom_target(man ALL DEPENDS ${KSINCE_MAN_FILES})
