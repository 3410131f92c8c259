-- A 200-branch UNION ALL: one Append with 200 children.
:explain
SELECT 1 AS branch, id, name FROM small WHERE id = 1
UNION ALL
SELECT 2 AS branch, id, name FROM small WHERE id = 2
UNION ALL
SELECT 3 AS branch, id, name FROM small WHERE id = 3
UNION ALL
SELECT 4 AS branch, id, name FROM small WHERE id = 4
UNION ALL
SELECT 5 AS branch, id, name FROM small WHERE id = 5
UNION ALL
SELECT 6 AS branch, id, name FROM small WHERE id = 6
UNION ALL
SELECT 7 AS branch, id, name FROM small WHERE id = 7
UNION ALL
SELECT 8 AS branch, id, name FROM small WHERE id = 8
UNION ALL
SELECT 9 AS branch, id, name FROM small WHERE id = 9
UNION ALL
SELECT 10 AS branch, id, name FROM small WHERE id = 10
UNION ALL
SELECT 11 AS branch, id, name FROM small WHERE id = 11
UNION ALL
SELECT 12 AS branch, id, name FROM small WHERE id = 12
UNION ALL
SELECT 13 AS branch, id, name FROM small WHERE id = 13
UNION ALL
SELECT 14 AS branch, id, name FROM small WHERE id = 14
UNION ALL
SELECT 15 AS branch, id, name FROM small WHERE id = 15
UNION ALL
SELECT 16 AS branch, id, name FROM small WHERE id = 16
UNION ALL
SELECT 17 AS branch, id, name FROM small WHERE id = 17
UNION ALL
SELECT 18 AS branch, id, name FROM small WHERE id = 18
UNION ALL
SELECT 19 AS branch, id, name FROM small WHERE id = 19
UNION ALL
SELECT 20 AS branch, id, name FROM small WHERE id = 20
UNION ALL
SELECT 21 AS branch, id, name FROM small WHERE id = 21
UNION ALL
SELECT 22 AS branch, id, name FROM small WHERE id = 22
UNION ALL
SELECT 23 AS branch, id, name FROM small WHERE id = 23
UNION ALL
SELECT 24 AS branch, id, name FROM small WHERE id = 24
UNION ALL
SELECT 25 AS branch, id, name FROM small WHERE id = 25
UNION ALL
SELECT 26 AS branch, id, name FROM small WHERE id = 26
UNION ALL
SELECT 27 AS branch, id, name FROM small WHERE id = 27
UNION ALL
SELECT 28 AS branch, id, name FROM small WHERE id = 28
UNION ALL
SELECT 29 AS branch, id, name FROM small WHERE id = 29
UNION ALL
SELECT 30 AS branch, id, name FROM small WHERE id = 30
UNION ALL
SELECT 31 AS branch, id, name FROM small WHERE id = 31
UNION ALL
SELECT 32 AS branch, id, name FROM small WHERE id = 32
UNION ALL
SELECT 33 AS branch, id, name FROM small WHERE id = 33
UNION ALL
SELECT 34 AS branch, id, name FROM small WHERE id = 34
UNION ALL
SELECT 35 AS branch, id, name FROM small WHERE id = 35
UNION ALL
SELECT 36 AS branch, id, name FROM small WHERE id = 36
UNION ALL
SELECT 37 AS branch, id, name FROM small WHERE id = 37
UNION ALL
SELECT 38 AS branch, id, name FROM small WHERE id = 38
UNION ALL
SELECT 39 AS branch, id, name FROM small WHERE id = 39
UNION ALL
SELECT 40 AS branch, id, name FROM small WHERE id = 40
UNION ALL
SELECT 41 AS branch, id, name FROM small WHERE id = 41
UNION ALL
SELECT 42 AS branch, id, name FROM small WHERE id = 42
UNION ALL
SELECT 43 AS branch, id, name FROM small WHERE id = 43
UNION ALL
SELECT 44 AS branch, id, name FROM small WHERE id = 44
UNION ALL
SELECT 45 AS branch, id, name FROM small WHERE id = 45
UNION ALL
SELECT 46 AS branch, id, name FROM small WHERE id = 46
UNION ALL
SELECT 47 AS branch, id, name FROM small WHERE id = 47
UNION ALL
SELECT 48 AS branch, id, name FROM small WHERE id = 48
UNION ALL
SELECT 49 AS branch, id, name FROM small WHERE id = 49
UNION ALL
SELECT 50 AS branch, id, name FROM small WHERE id = 50
UNION ALL
SELECT 51 AS branch, id, name FROM small WHERE id = 51
UNION ALL
SELECT 52 AS branch, id, name FROM small WHERE id = 52
UNION ALL
SELECT 53 AS branch, id, name FROM small WHERE id = 53
UNION ALL
SELECT 54 AS branch, id, name FROM small WHERE id = 54
UNION ALL
SELECT 55 AS branch, id, name FROM small WHERE id = 55
UNION ALL
SELECT 56 AS branch, id, name FROM small WHERE id = 56
UNION ALL
SELECT 57 AS branch, id, name FROM small WHERE id = 57
UNION ALL
SELECT 58 AS branch, id, name FROM small WHERE id = 58
UNION ALL
SELECT 59 AS branch, id, name FROM small WHERE id = 59
UNION ALL
SELECT 60 AS branch, id, name FROM small WHERE id = 60
UNION ALL
SELECT 61 AS branch, id, name FROM small WHERE id = 61
UNION ALL
SELECT 62 AS branch, id, name FROM small WHERE id = 62
UNION ALL
SELECT 63 AS branch, id, name FROM small WHERE id = 63
UNION ALL
SELECT 64 AS branch, id, name FROM small WHERE id = 64
UNION ALL
SELECT 65 AS branch, id, name FROM small WHERE id = 65
UNION ALL
SELECT 66 AS branch, id, name FROM small WHERE id = 66
UNION ALL
SELECT 67 AS branch, id, name FROM small WHERE id = 67
UNION ALL
SELECT 68 AS branch, id, name FROM small WHERE id = 68
UNION ALL
SELECT 69 AS branch, id, name FROM small WHERE id = 69
UNION ALL
SELECT 70 AS branch, id, name FROM small WHERE id = 70
UNION ALL
SELECT 71 AS branch, id, name FROM small WHERE id = 71
UNION ALL
SELECT 72 AS branch, id, name FROM small WHERE id = 72
UNION ALL
SELECT 73 AS branch, id, name FROM small WHERE id = 73
UNION ALL
SELECT 74 AS branch, id, name FROM small WHERE id = 74
UNION ALL
SELECT 75 AS branch, id, name FROM small WHERE id = 75
UNION ALL
SELECT 76 AS branch, id, name FROM small WHERE id = 76
UNION ALL
SELECT 77 AS branch, id, name FROM small WHERE id = 77
UNION ALL
SELECT 78 AS branch, id, name FROM small WHERE id = 78
UNION ALL
SELECT 79 AS branch, id, name FROM small WHERE id = 79
UNION ALL
SELECT 80 AS branch, id, name FROM small WHERE id = 80
UNION ALL
SELECT 81 AS branch, id, name FROM small WHERE id = 81
UNION ALL
SELECT 82 AS branch, id, name FROM small WHERE id = 82
UNION ALL
SELECT 83 AS branch, id, name FROM small WHERE id = 83
UNION ALL
SELECT 84 AS branch, id, name FROM small WHERE id = 84
UNION ALL
SELECT 85 AS branch, id, name FROM small WHERE id = 85
UNION ALL
SELECT 86 AS branch, id, name FROM small WHERE id = 86
UNION ALL
SELECT 87 AS branch, id, name FROM small WHERE id = 87
UNION ALL
SELECT 88 AS branch, id, name FROM small WHERE id = 88
UNION ALL
SELECT 89 AS branch, id, name FROM small WHERE id = 89
UNION ALL
SELECT 90 AS branch, id, name FROM small WHERE id = 90
UNION ALL
SELECT 91 AS branch, id, name FROM small WHERE id = 91
UNION ALL
SELECT 92 AS branch, id, name FROM small WHERE id = 92
UNION ALL
SELECT 93 AS branch, id, name FROM small WHERE id = 93
UNION ALL
SELECT 94 AS branch, id, name FROM small WHERE id = 94
UNION ALL
SELECT 95 AS branch, id, name FROM small WHERE id = 95
UNION ALL
SELECT 96 AS branch, id, name FROM small WHERE id = 96
UNION ALL
SELECT 97 AS branch, id, name FROM small WHERE id = 97
UNION ALL
SELECT 98 AS branch, id, name FROM small WHERE id = 98
UNION ALL
SELECT 99 AS branch, id, name FROM small WHERE id = 99
UNION ALL
SELECT 100 AS branch, id, name FROM small WHERE id = 100
UNION ALL
SELECT 101 AS branch, id, name FROM small WHERE id = 101
UNION ALL
SELECT 102 AS branch, id, name FROM small WHERE id = 102
UNION ALL
SELECT 103 AS branch, id, name FROM small WHERE id = 103
UNION ALL
SELECT 104 AS branch, id, name FROM small WHERE id = 104
UNION ALL
SELECT 105 AS branch, id, name FROM small WHERE id = 105
UNION ALL
SELECT 106 AS branch, id, name FROM small WHERE id = 106
UNION ALL
SELECT 107 AS branch, id, name FROM small WHERE id = 107
UNION ALL
SELECT 108 AS branch, id, name FROM small WHERE id = 108
UNION ALL
SELECT 109 AS branch, id, name FROM small WHERE id = 109
UNION ALL
SELECT 110 AS branch, id, name FROM small WHERE id = 110
UNION ALL
SELECT 111 AS branch, id, name FROM small WHERE id = 111
UNION ALL
SELECT 112 AS branch, id, name FROM small WHERE id = 112
UNION ALL
SELECT 113 AS branch, id, name FROM small WHERE id = 113
UNION ALL
SELECT 114 AS branch, id, name FROM small WHERE id = 114
UNION ALL
SELECT 115 AS branch, id, name FROM small WHERE id = 115
UNION ALL
SELECT 116 AS branch, id, name FROM small WHERE id = 116
UNION ALL
SELECT 117 AS branch, id, name FROM small WHERE id = 117
UNION ALL
SELECT 118 AS branch, id, name FROM small WHERE id = 118
UNION ALL
SELECT 119 AS branch, id, name FROM small WHERE id = 119
UNION ALL
SELECT 120 AS branch, id, name FROM small WHERE id = 120
UNION ALL
SELECT 121 AS branch, id, name FROM small WHERE id = 121
UNION ALL
SELECT 122 AS branch, id, name FROM small WHERE id = 122
UNION ALL
SELECT 123 AS branch, id, name FROM small WHERE id = 123
UNION ALL
SELECT 124 AS branch, id, name FROM small WHERE id = 124
UNION ALL
SELECT 125 AS branch, id, name FROM small WHERE id = 125
UNION ALL
SELECT 126 AS branch, id, name FROM small WHERE id = 126
UNION ALL
SELECT 127 AS branch, id, name FROM small WHERE id = 127
UNION ALL
SELECT 128 AS branch, id, name FROM small WHERE id = 128
UNION ALL
SELECT 129 AS branch, id, name FROM small WHERE id = 129
UNION ALL
SELECT 130 AS branch, id, name FROM small WHERE id = 130
UNION ALL
SELECT 131 AS branch, id, name FROM small WHERE id = 131
UNION ALL
SELECT 132 AS branch, id, name FROM small WHERE id = 132
UNION ALL
SELECT 133 AS branch, id, name FROM small WHERE id = 133
UNION ALL
SELECT 134 AS branch, id, name FROM small WHERE id = 134
UNION ALL
SELECT 135 AS branch, id, name FROM small WHERE id = 135
UNION ALL
SELECT 136 AS branch, id, name FROM small WHERE id = 136
UNION ALL
SELECT 137 AS branch, id, name FROM small WHERE id = 137
UNION ALL
SELECT 138 AS branch, id, name FROM small WHERE id = 138
UNION ALL
SELECT 139 AS branch, id, name FROM small WHERE id = 139
UNION ALL
SELECT 140 AS branch, id, name FROM small WHERE id = 140
UNION ALL
SELECT 141 AS branch, id, name FROM small WHERE id = 141
UNION ALL
SELECT 142 AS branch, id, name FROM small WHERE id = 142
UNION ALL
SELECT 143 AS branch, id, name FROM small WHERE id = 143
UNION ALL
SELECT 144 AS branch, id, name FROM small WHERE id = 144
UNION ALL
SELECT 145 AS branch, id, name FROM small WHERE id = 145
UNION ALL
SELECT 146 AS branch, id, name FROM small WHERE id = 146
UNION ALL
SELECT 147 AS branch, id, name FROM small WHERE id = 147
UNION ALL
SELECT 148 AS branch, id, name FROM small WHERE id = 148
UNION ALL
SELECT 149 AS branch, id, name FROM small WHERE id = 149
UNION ALL
SELECT 150 AS branch, id, name FROM small WHERE id = 150
UNION ALL
SELECT 151 AS branch, id, name FROM small WHERE id = 151
UNION ALL
SELECT 152 AS branch, id, name FROM small WHERE id = 152
UNION ALL
SELECT 153 AS branch, id, name FROM small WHERE id = 153
UNION ALL
SELECT 154 AS branch, id, name FROM small WHERE id = 154
UNION ALL
SELECT 155 AS branch, id, name FROM small WHERE id = 155
UNION ALL
SELECT 156 AS branch, id, name FROM small WHERE id = 156
UNION ALL
SELECT 157 AS branch, id, name FROM small WHERE id = 157
UNION ALL
SELECT 158 AS branch, id, name FROM small WHERE id = 158
UNION ALL
SELECT 159 AS branch, id, name FROM small WHERE id = 159
UNION ALL
SELECT 160 AS branch, id, name FROM small WHERE id = 160
UNION ALL
SELECT 161 AS branch, id, name FROM small WHERE id = 161
UNION ALL
SELECT 162 AS branch, id, name FROM small WHERE id = 162
UNION ALL
SELECT 163 AS branch, id, name FROM small WHERE id = 163
UNION ALL
SELECT 164 AS branch, id, name FROM small WHERE id = 164
UNION ALL
SELECT 165 AS branch, id, name FROM small WHERE id = 165
UNION ALL
SELECT 166 AS branch, id, name FROM small WHERE id = 166
UNION ALL
SELECT 167 AS branch, id, name FROM small WHERE id = 167
UNION ALL
SELECT 168 AS branch, id, name FROM small WHERE id = 168
UNION ALL
SELECT 169 AS branch, id, name FROM small WHERE id = 169
UNION ALL
SELECT 170 AS branch, id, name FROM small WHERE id = 170
UNION ALL
SELECT 171 AS branch, id, name FROM small WHERE id = 171
UNION ALL
SELECT 172 AS branch, id, name FROM small WHERE id = 172
UNION ALL
SELECT 173 AS branch, id, name FROM small WHERE id = 173
UNION ALL
SELECT 174 AS branch, id, name FROM small WHERE id = 174
UNION ALL
SELECT 175 AS branch, id, name FROM small WHERE id = 175
UNION ALL
SELECT 176 AS branch, id, name FROM small WHERE id = 176
UNION ALL
SELECT 177 AS branch, id, name FROM small WHERE id = 177
UNION ALL
SELECT 178 AS branch, id, name FROM small WHERE id = 178
UNION ALL
SELECT 179 AS branch, id, name FROM small WHERE id = 179
UNION ALL
SELECT 180 AS branch, id, name FROM small WHERE id = 180
UNION ALL
SELECT 181 AS branch, id, name FROM small WHERE id = 181
UNION ALL
SELECT 182 AS branch, id, name FROM small WHERE id = 182
UNION ALL
SELECT 183 AS branch, id, name FROM small WHERE id = 183
UNION ALL
SELECT 184 AS branch, id, name FROM small WHERE id = 184
UNION ALL
SELECT 185 AS branch, id, name FROM small WHERE id = 185
UNION ALL
SELECT 186 AS branch, id, name FROM small WHERE id = 186
UNION ALL
SELECT 187 AS branch, id, name FROM small WHERE id = 187
UNION ALL
SELECT 188 AS branch, id, name FROM small WHERE id = 188
UNION ALL
SELECT 189 AS branch, id, name FROM small WHERE id = 189
UNION ALL
SELECT 190 AS branch, id, name FROM small WHERE id = 190
UNION ALL
SELECT 191 AS branch, id, name FROM small WHERE id = 191
UNION ALL
SELECT 192 AS branch, id, name FROM small WHERE id = 192
UNION ALL
SELECT 193 AS branch, id, name FROM small WHERE id = 193
UNION ALL
SELECT 194 AS branch, id, name FROM small WHERE id = 194
UNION ALL
SELECT 195 AS branch, id, name FROM small WHERE id = 195
UNION ALL
SELECT 196 AS branch, id, name FROM small WHERE id = 196
UNION ALL
SELECT 197 AS branch, id, name FROM small WHERE id = 197
UNION ALL
SELECT 198 AS branch, id, name FROM small WHERE id = 198
UNION ALL
SELECT 199 AS branch, id, name FROM small WHERE id = 199
UNION ALL
SELECT 200 AS branch, id, name FROM small WHERE id = 200;
