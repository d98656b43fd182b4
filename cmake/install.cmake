# What `cmake --install` puts under the prefix, beside the binary and data/
# (engine/CMakeLists.txt), and the .deb CPack makes of it.
include(GNUInstallDirs)

install(FILES ${KSINCE_MAN_FILES} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/docs/ksince-patterns.5 DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/patterns/ DESTINATION ${CMAKE_INSTALL_DATADIR}/ksince/patterns)
# Where each shell looks by default (Debian's places for zsh and fish).
install(FILES ${PROJECT_SOURCE_DIR}/completions/ksince.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME ksince)
install(FILES ${PROJECT_SOURCE_DIR}/completions/_ksince DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${PROJECT_SOURCE_DIR}/completions/ksince.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

# The .deb: `cpack -G DEB` in a build folder (scripts/package-deb.sh).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ksince)
set(CPACK_PACKAGE_CONTACT "ksince developers <ksince@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "since which release a name exists in a git repository, and which commit added it")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# Debian 12's runtime libraries of the -dev packages scripts/install-deps.sh installs.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libgit2-1.5, libhyperscan5 | libvectorscan5, libsqlite3-0, libyaml-cpp0.7, libboost-program-options1.74.0, libbpf1, libdeflate0, libjemalloc2")
include(CPack)
