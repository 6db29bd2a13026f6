-- memory.lua - builds and frees about 200 MB of strings in Lua; the VM must
-- get the memory back (/proc/meminfo's MemFree), as issue 3 asks.
local function memfree()
  local f = assert(io.open("/proc/meminfo"))
  local t = f:read("a"); f:close()
  return tonumber(t:match("MemFree:%s+(%d+)"))
end
local before = memfree()
local t = {}
for i = 1, 200 do
  t[i] = string.rep(string.char(65 + i % 26), 1024 * 1024 - 32) .. tostring(i)
end
local total = 0
for i = 1, 200 do total = total + #t[i] end
local during = memfree()
t = nil
collectgarbage("collect")
collectgarbage("collect")
local after = memfree()
print(string.format("strings %d MB, free before %d MB, during %d MB, after %d MB",
  total // (1024 * 1024), before // 1024, during // 1024, after // 1024))
print((before - during) > 150 * 1024 and (before - after) < 20 * 1024 and "memory returned" or "memory NOT returned")
