# Every Catch2 case belongs to a ctest group: run by ctest as "<target>.groups" (see CMakeLists.txt).
#   cmake -DCORE_TESTS=<core_tests> [-DEMULATOR=node] -DSTEMS=test_a,test_b,… [-DLEAVE_OUT=test_a] -P check_groups.cmake
# Lists the cases whose file is none of STEMS (--filenames-as-tags gives each case the tag of its file,
# "[#test_x]") and fails naming them. With LEAVE_OUT (a stem of STEMS, taken out of the groups) it proves the
# check: it passes only when the cases listed are exactly that file's, and there are some.
string(REPLACE "," ";" stems "${STEMS}")
if(DEFINED LEAVE_OUT AND NOT LEAVE_OUT STREQUAL "")
  list(REMOVE_ITEM stems ${LEAVE_OUT})
endif()
set(outside "")
foreach(stem ${stems})
  string(APPEND outside "~[#${stem}]")
endforeach()
# (A spec with filters selects hidden cases too: a case tagged [.] is checked like any other.)
set(spec "${outside}")
if(spec STREQUAL "")
  set(spec "*")  # no group at all: every case
endif()

# The names of the cases a test spec selects, one a line (kept as text: a name may hold ';' or '[').
function(list_cases spec out)
  execute_process(COMMAND ${EMULATOR} ${CORE_TESTS} "${spec}" --filenames-as-tags --list-test-names-only
    OUTPUT_VARIABLE text ERROR_VARIABLE err RESULT_VARIABLE rc)
  string(REPLACE "\r" "" text "${text}")
  string(REGEX REPLACE "\n+$" "" text "${text}")
  set(count 0)
  if(NOT text STREQUAL "")
    string(REGEX MATCHALL "\n" breaks "${text}")
    list(LENGTH breaks count)
    math(EXPR count "${count} + 1")
  endif()
  # --list-test-names-only exits with the number of names listed (at most 255).
  if(count LESS 255 AND NOT rc EQUAL count)
    message(FATAL_ERROR "${CORE_TESTS} ${spec} --list-test-names-only: exit status ${rc} for ${count} names\n${err}")
  endif()
  set(${out} "${text}" PARENT_SCOPE)
  set(${out}_count ${count} PARENT_SCOPE)
endfunction()

list_cases("${spec}" ungrouped)
if(DEFINED LEAVE_OUT AND NOT LEAVE_OUT STREQUAL "")
  list_cases("[#${LEAVE_OUT}]" expected)
  if(expected STREQUAL "")
    message(FATAL_ERROR "groups-check: ${LEAVE_OUT}.cpp has no test cases to leave out")
  endif()
  if(NOT ungrouped STREQUAL expected)
    message(FATAL_ERROR "groups-check: with ${LEAVE_OUT}.cpp left out of the groups the check should name its "
      "cases:\n${expected}\nit named:\n${ungrouped}")
  endif()
  message(STATUS "groups-check: with ${LEAVE_OUT}.cpp left out the check names exactly its ${expected_count} cases")
elseif(NOT ungrouped STREQUAL "")
  message(FATAL_ERROR "${ungrouped_count} test cases are in no ctest group (a group is a file "
    "tests/core/test_<name>.cpp; move them into one):\n${ungrouped}")
else()
  list(LENGTH stems count)
  message(STATUS "every test case is in one of the ${count} groups")
endif()
